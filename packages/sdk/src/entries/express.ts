// Entry point @koogallery-kit/sdk/express — filled by its feature.
export {};
