/** Version of @koogallery-kit/mock-server, from its package.json (bundled at build time). */
import packageJson from '../../package.json';

/** The package version, e.g. `0.1.0`. */
export const MOCK_VERSION: string = packageJson.version;
