package com.databend.r2dbc.internal.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;

/**
 * A {@code multipart/form-data} body of one file part whose content is streamed: the part's head, the content's
 * buffers as they come, and the closing boundary. The boundary is random, 32 hex digits after a fixed prefix.
 */
final class MultipartFile {

    private final String boundary;
    private final String fieldName;
    private final String fileName;

    MultipartFile(String fieldName, String fileName) {
        this.boundary = "r2dbc-databend-" + ClientSession.newQueryId();
        this.fieldName = fieldName;
        this.fileName = fileName;
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    Flux<ByteBuf> around(Publisher<? extends ByteBuf> content) {
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fieldName + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        return Flux.concat(Mono.fromSupplier(() -> ascii(head)), content, Mono.fromSupplier(() -> ascii(tail)));
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.US_ASCII));
    }
}
