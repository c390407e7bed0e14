package com.databend.r2dbc;

import java.util.Locale;

/**
 * Whether files go to a stage through presigned URLs ({@code PRESIGN UPLOAD}, then a {@code PUT} of the bytes
 * straight to the object store, without the driver's credentials) or through Databend
 * ({@code PUT /v1/upload_to_stage}). The modes are those of Databend's clients (bendsql's {@code presign}).
 */
public enum PresignMode {

    /**
     * Presigned URLs for Databend Cloud (a host ending in {@code .databend.com} or {@code .databend.cn}), whose
     * stages live in object storage; {@code /v1/upload_to_stage} elsewhere.
     */
    AUTO,

    /**
     * Asks the server once per connection, with a {@code PRESIGN UPLOAD} of a probe path: presigned URLs when it
     * answers one, {@code /v1/upload_to_stage} when it fails (a storage that cannot presign, such as the local file
     * system, answers code 3902).
     */
    DETECT,

    /** Presigned URLs always. */
    ON,

    /** {@code /v1/upload_to_stage} always (databend-jdbc's {@code presigned_url_disabled=true}). */
    OFF;

    /** Whether {@link #AUTO} takes presigned URLs for {@code host}. */
    static boolean isCloudHost(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.endsWith(".databend.com") || name.endsWith(".databend.cn");
    }
}
