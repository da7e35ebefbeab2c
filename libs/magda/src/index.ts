export * from './magda-answer';
export * from './magda-codes';
export * from './partial-date';
export * from './soap-errors';
