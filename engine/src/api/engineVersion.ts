// The engine's own version, reported by /version and /info (kept equal to package.json's).
export const engineVersion = '0.1.0';
export const engineName = 'Berth Engine';
