// Public surface of the platform module; re-exported from the package root.
export {};
