// Public surface of the handler module; re-exported from the package root.
export {};
