// Entry point @koogallery-kit/sdk/fetch — filled by its feature.
export {};
