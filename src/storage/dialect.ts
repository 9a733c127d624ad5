// The two supported databases. Dialect-specific SQL is chosen on this value, next to its twin.
export type Dialect = 'sqlite' | 'postgres';
