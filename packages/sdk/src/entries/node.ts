// Entry point @koogallery-kit/sdk/node — filled by its feature.
export {};
