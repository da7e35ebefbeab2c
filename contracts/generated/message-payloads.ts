// Generated from contracts/messages/*.schema.json by `npm run contracts:generate`.
// Do not edit: change the schema and generate again (CI fails when this file drifts).


/** Payload type of every message type, for `@EventPattern<MessagePayloads>(type)` and typed publishing. */
export interface MessagePayloads {

}
