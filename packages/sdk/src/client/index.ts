// Public surface of the client module; re-exported from the package root.
export {};
