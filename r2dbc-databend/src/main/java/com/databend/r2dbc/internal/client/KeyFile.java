package com.databend.r2dbc.internal.client;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

import static java.util.Objects.requireNonNull;

/**
 * The private key file of key-pair authentication as {@link KeyPairCredentials} sees it: a stamp that changes when
 * the file is replaced or rewritten, and its text. Both block, so they are called only where blocking is allowed.
 */
interface KeyFile {

    /** The file's path, which messages name. */
    Path path();

    /** Its last-modified time, size and identity (the inode where the file system has one). */
    Stamp stamp() throws IOException;

    /** Its text. */
    String read() throws IOException;

    /** What tells a rewritten or replaced file from the one read before. */
    record Stamp(FileTime lastModified, long size, @Nullable Object identity) {
    }

    /** The file at {@code path}; a symbolic link is followed, so swapping its target is a change. */
    static KeyFile of(Path path) {
        requireNonNull(path, "path must not be null");
        return new KeyFile() {

            @Override
            public Path path() {
                return path;
            }

            @Override
            public Stamp stamp() throws IOException {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                return new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
            }

            @Override
            public String read() throws IOException {
                // every byte maps to a character, so a file that is no PEM gets the parser's message
                return Files.readString(path, StandardCharsets.ISO_8859_1);
            }

            @Override
            public String toString() {
                return path.toString();
            }
        };
    }
}
