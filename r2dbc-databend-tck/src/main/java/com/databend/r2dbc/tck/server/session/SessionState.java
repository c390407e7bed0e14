package com.databend.r2dbc.tck.server.session;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The client-held {@code session} object (docs/protocol.md §2.3), as read from a request or about to be written in a
 * response. Nullable members are omitted from the JSON when {@code null}; {@code settings} keeps its keys sorted.
 */
public record SessionState(String catalog, String database, String role, List<String> secondaryRoles,
                           SortedMap<String, String> settings, TxnState txnState, boolean needSticky,
                           boolean needKeepAlive, SessionInternal internal) {

    public SessionState {
        secondaryRoles = secondaryRoles == null ? null : List.copyOf(secondaryRoles);
        settings = settings == null ? null : Collections.unmodifiableSortedMap(new TreeMap<>(settings));
    }

    public static SessionState empty() {
        return new SessionState(null, null, null, null, null, null, false, false, null);
    }

    /** The settings, never {@code null}. */
    public SortedMap<String, String> settingsOrEmpty() {
        return this.settings == null ? Collections.emptySortedMap() : this.settings;
    }

    public SessionState withDatabase(String newDatabase) {
        return new SessionState(this.catalog, newDatabase, this.role, this.secondaryRoles, this.settings,
            this.txnState, this.needSticky, this.needKeepAlive, this.internal);
    }

    public SessionState withSettings(SortedMap<String, String> newSettings) {
        return new SessionState(this.catalog, this.database, this.role, this.secondaryRoles, newSettings,
            this.txnState, this.needSticky, this.needKeepAlive, this.internal);
    }

    /** Sets the transaction state and the flags that follow from it (docs/protocol.md §3.5). */
    public SessionState withTxnState(TxnState newState) {
        boolean sticky = newState == TxnState.Active || (this.internal != null && this.internal.hasTempTable());
        return new SessionState(this.catalog, this.database, this.role, this.secondaryRoles, this.settings,
            newState, sticky, sticky, this.internal);
    }

    /** Marks whether the client session holds temp tables, with the flags that follow (docs/protocol.md §6.5). */
    public SessionState withTempTables(boolean temp) {
        SessionInternal current = this.internal == null ? SessionInternal.empty() : this.internal;
        return withInternal(current.withTempTable(temp)).withTxnState(this.txnState);
    }

    public SessionState withInternal(SessionInternal newInternal) {
        return new SessionState(this.catalog, this.database, this.role, this.secondaryRoles, this.settings,
            this.txnState, this.needSticky, this.needKeepAlive, newInternal);
    }

    public SessionState withIdentity(String newCatalog, String newDatabase, String newRole) {
        return new SessionState(newCatalog, newDatabase, newRole, this.secondaryRoles, this.settings,
            this.txnState, this.needSticky, this.needKeepAlive, this.internal);
    }
}
