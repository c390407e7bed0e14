package com.databend.r2dbc.internal.client;

import java.util.function.Consumer;

/** Turns received pages into the items a {@link QueryStream} emits (rows, messages, update counts). */
public interface PageMapper<T> {

    /** Items of one page without error, in order. */
    void onPage(QueryResponse page, Consumer<? super T> out);

    /** Items that follow the last page (e.g. an update count); {@code lastPage} is the last response received. */
    void onComplete(QueryResponse lastPage, Consumer<? super T> out);
}
