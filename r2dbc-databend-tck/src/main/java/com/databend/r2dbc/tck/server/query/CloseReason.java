package com.databend.r2dbc.tck.server.query;

/** Why a query was closed; the text appears in {@code Query <id> is closed for <text>}. */
public enum CloseReason {
    FINALIZED("finalized"), CANCELED("canceled"), TIMED_OUT("timed out");

    private final String text;

    CloseReason(String text) {
        this.text = text;
    }

    public String text() {
        return this.text;
    }
}
