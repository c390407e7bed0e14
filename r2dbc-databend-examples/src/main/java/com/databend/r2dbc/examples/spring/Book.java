package com.databend.r2dbc.examples.spring;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Transient;
import org.springframework.data.domain.Persistable;
import org.springframework.data.relational.core.mapping.Table;

import java.util.UUID;

/**
 * A book of the bookstore. Databend generates no keys, so the application assigns the id and tells Spring Data
 * through {@link Persistable#isNew()} whether {@code save} must INSERT or UPDATE.
 */
@Table("books")
public final class Book implements Persistable<String> {

    @Id
    private final String id;

    private final String title;

    private final String author;

    private final String date;

    @Transient
    private final boolean newBook;

    @PersistenceCreator
    Book(String id, String title, String author, String date) {
        this(id, title, author, date, false);
    }

    private Book(String id, String title, String author, String date, boolean newBook) {
        this.id = id;
        this.title = title;
        this.author = author;
        this.date = date;
        this.newBook = newBook;
    }

    /** A book not stored yet, with a fresh id. */
    public static Book create(String title, String author, String date) {
        return new Book(UUID.randomUUID().toString(), title, author, date, true);
    }

    @Override
    public String getId() {
        return this.id;
    }

    public String getTitle() {
        return this.title;
    }

    public String getAuthor() {
        return this.author;
    }

    public String getDate() {
        return this.date;
    }

    @Override
    public boolean isNew() {
        return this.newBook;
    }

    @Override
    public String toString() {
        return this.title + " " + this.author + " " + this.date;
    }
}
