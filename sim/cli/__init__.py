"""The `govsim` command line (thin: parses arguments, calls the layers below, prints)."""
