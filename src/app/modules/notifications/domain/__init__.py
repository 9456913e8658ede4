"""Domain of the notifications module: an email message and its errors."""
