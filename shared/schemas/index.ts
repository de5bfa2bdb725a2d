export * from './chat.ts';
export * from './embeddings.ts';
export * from './models.ts';
