"""One module per standard document (人民调解文书格式)."""
