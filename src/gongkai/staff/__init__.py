"""Staff pages: the disclosure office's working screens (server-rendered, in Chinese)."""
