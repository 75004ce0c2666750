package org.tokenauth.example.web;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Date-times as DRF's {@code DateTimeField} writes and reads them, with {@code USE_TZ} and UTC:
 * written as {@code 2026-11-28T22:17:13.123456Z} (Python's {@code isoformat()}, microseconds only
 * when there are some), read as ISO-8601 with or without an offset (none means UTC).
 *
 * @since 0.1
 */
public final class DrfTime {

    /** DRF's message for a date-time it cannot read. */
    public static final String INVALID =
            "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].";

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'");
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");

    private DrfTime() {
    }

    /**
     * @param instant a time
     * @return the time as DRF writes it, to the microsecond
     */
    public static String format(Instant instant) {
        OffsetDateTime utc = instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
        return (utc.getNano() == 0 ? SECONDS : MICROS).format(utc);
    }

    /**
     * Reads a date-time as DRF does (Django's {@code parse_datetime}): {@code T} or a space between
     * date and time, optional seconds and fraction, optional {@code Z} or offset.
     *
     * @param text the text sent
     * @return the time, to the microsecond; empty if the text is not a date-time
     */
    public static Optional<Instant> parse(String text) {
        String iso = text.strip();
        if (iso.length() > 10 && iso.charAt(10) == ' ') {
            iso = iso.substring(0, 10) + 'T' + iso.substring(11);
        }
        try {
            return Optional.of(OffsetDateTime.parse(iso).toInstant().truncatedTo(ChronoUnit.MICROS));
        } catch (DateTimeParseException withoutOffset) {
            try {
                return Optional.of(LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * @param instant a time
     * @return the time as stored: to the microsecond, as PostgreSQL keeps it
     */
    public static Instant stored(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
