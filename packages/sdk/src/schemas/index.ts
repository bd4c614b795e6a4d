// Public surface of the schemas module; re-exported from the package root.
export {};
