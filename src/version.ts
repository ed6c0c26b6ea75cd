/** This package's version, sent in `User-Agent` and `x-inngest-sdk`. Kept equal to package.json by a test. */
export const VERSION = "0.1.0";
