// Entry point @koogallery-kit/sdk/testing — filled by its feature.
export {};
