// Public surface of the signing module; re-exported from the package root.
export {};
