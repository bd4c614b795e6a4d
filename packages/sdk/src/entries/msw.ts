// Entry point @koogallery-kit/sdk/msw — filled by its feature.
export {};
