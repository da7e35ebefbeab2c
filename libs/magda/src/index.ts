export * from './ask-magda';
export * from './magda-answer';
export * from './magda-codes';
export * from './magda-verzoek';
export * from './partial-date';
export * from './soap-errors';
