package com.databend.r2dbc.tck.server.session;

/** The {@code txn_state} of a session, spelled exactly as on the wire. */
public enum TxnState {
    AutoCommit, Active, Fail;

    /** The state named {@code text}, or {@code null} when {@code text} is {@code null}. */
    public static TxnState parse(String text) {
        if (text == null) {
            return null;
        }
        for (TxnState state : values()) {
            if (state.name().equals(text)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown variant `" + text + "`, expected one of `AutoCommit`, `Active`, `Fail`");
    }
}
