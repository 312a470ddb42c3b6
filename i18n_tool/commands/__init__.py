"""The commands, one module per command or command group: parse the options, call one task,
render its report. Shared options, output, progress bars and exit codes in their own modules."""
