package com.databend.r2dbc.examples.spring;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;

@RestController
@RequestMapping("/books")
public class BookController {

    private final BookService service;

    public BookController(BookService service) {
        this.service = service;
    }

    @GetMapping
    public Flux<BookView> all() {
        return this.service.findAll().map(BookView::of);
    }

    @GetMapping("/{id}")
    public Mono<ResponseEntity<BookView>> one(@PathVariable String id) {
        return this.service.findById(id).map(book -> ResponseEntity.ok(BookView.of(book)))
            .defaultIfEmpty(ResponseEntity.notFound().build());
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<BookView> add(@RequestBody NewBook book) {
        return this.service.add(book.toBook()).map(BookView::of);
    }

    /**
     * Two books in one transaction; a failure of either stores neither. The reply is collected before it is
     * written, so a failure of the second book still changes the status instead of cutting a started response.
     */
    @PostMapping("/pair")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<List<BookView>> addPair(@RequestBody List<NewBook> pair) {
        if (pair.size() != 2) {
            return Mono.error(new IllegalArgumentException("a pair is two books, not " + pair.size()));
        }
        return this.service.addBoth(pair.get(0).toBook(), pair.get(1).toBook()).map(BookView::of).collectList();
    }

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<String> refused(DataAccessException e) {
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(e.getMostSpecificCause().getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<String> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(e.getMessage());
    }

    public record NewBook(String title, String author, String date) {

        Book toBook() {
            return Book.create(this.title, this.author, this.date);
        }
    }

    public record BookView(String id, String title, String author, String date) {

        static BookView of(Book book) {
            return new BookView(book.getId(), book.getTitle(), book.getAuthor(), book.getDate());
        }
    }
}
