package com.databend.r2dbc.examples.spring;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Service
public class BookService {

    private final BookRepository books;

    public BookService(BookRepository books) {
        this.books = books;
    }

    public Flux<Book> findAll() {
        return this.books.findAll();
    }

    public Mono<Book> findById(String id) {
        return this.books.findById(id);
    }

    public Mono<Book> add(Book book) {
        return this.books.save(book);
    }

    /**
     * Stores a book in a Databend transaction and, before it commits, runs {@code whileUncommitted} (which may look
     * at the database through another connection); emits what that gave.
     */
    @Transactional
    public <T> Mono<T> addThen(Book book, Mono<T> whileUncommitted) {
        return this.books.save(book).then(whileUncommitted);
    }

    /** Stores both books in one Databend transaction: both are kept, or, when either fails, neither. */
    @Transactional
    public Flux<Book> addBoth(Book first, Book second) {
        return this.books.save(first).concatWith(this.books.save(second));
    }
}
