package com.databend.r2dbc.api;

import org.jspecify.annotations.Nullable;

/**
 * One file of a stage, as {@code LIST} tells of it.
 *
 * @param name         the path in the stage, e.g. {@code dir/books.csv} for {@code @~/dir/books.csv}
 * @param size         its size in bytes
 * @param md5          its MD5 in hex as the storage reports it (without the quotes of an ETag), or {@code null}
 *                     when the storage gives none
 * @param lastModified when it was last written, as the server writes it ({@code 2024-04-10 01:02:03.456 +0000})
 */
public record DatabendStageFile(String name, long size, @Nullable String md5, @Nullable String lastModified) {
}
