// The wire protocol's version history. Bump PROTOCOL_VERSION when a message changes shape; raise
// MIN_PROTOCOL_VERSION when the server stops accepting an old shape (clients below it get 426
// and are told to update the app).
//
// -- version 1: push (mutations with per-device ids, field sets), pull (global sequence cursor)
// -- version 2: a mutation may name the amendment it is part of (`amendmentId`); still accepts 1,
//    whose edits of a submitted observation's content are refused `AMENDMENT_REQUIRED`
// -- version 3: a pull may say how many changes the device holds unsent (`pending`), kept as its
//    last report; still accepts 1 and 2, whose pulls leave the last report as it was
export const PROTOCOL_VERSION = 3;
export const MIN_PROTOCOL_VERSION = 1;

// The version of the records' field layout (schemas/entities). A client older than the minimum is
// refused with 426, like an old protocol.
export const SCHEMA_VERSION = 1;
export const MIN_SCHEMA_VERSION = 1;
