package org.tokenauth.servlet.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.tokenauth.servlet.KeepAlive;

/**
 * Reads a request's body as Django REST Framework's default parsers do: form, multipart and JSON,
 * in DRF's order, picked by {@code Content-Type}; a body of no length is empty data whatever its
 * type; anything else is 415. Reads at most the configured number of bytes. Thread-safe.
 */
public final class RequestBodies {

    static final String JSON_PARSE_ERROR = "JSON parse error - ";
    static final String MULTIPART_PARSE_ERROR = "Multipart form parse error - ";

    private static final System.Logger LOG = System.getLogger(RequestBodies.class.getName());

    private final ObjectMapper mapper;
    private final int maxBodyBytes;
    private final ParsedBody tooLarge;

    /**
     * Creates a reader of bodies.
     *
     * @param mapper       reads JSON (its stream constraints bound nesting and number lengths)
     * @param maxBodyBytes the largest body read; a longer one is {@link ParsedBody.TooLarge}
     */
    public RequestBodies(ObjectMapper mapper, int maxBodyBytes) {
        this.mapper = mapper;
        this.maxBodyBytes = maxBodyBytes;
        this.tooLarge = new ParsedBody.TooLarge(maxBodyBytes);
    }

    /**
     * Reads and parses the request's body. A multipart body needs a multipart config on the
     * servlet; without one it is 415, as DRF answers for a parser it lacks, and a warning is logged.
     *
     * @param request the request, body unread
     * @return the data, or DRF's refusal
     * @throws IOException if reading the body fails (the client went away)
     */
    public ParsedBody parse(HttpServletRequest request) throws IOException {
        long length = request.getContentLengthLong();
        if (length > maxBodyBytes) {
            return tooLarge;
        }
        if (length == 0) {
            return empty(); // DRF: no body, no parsing, whatever the media type
        }
        MediaType type = MediaType.parse(request.getHeader("Content-Type"));
        if (type.isMatchedBy(MediaType.FORM)) {
            byte[] body = read(request);
            return body == null ? tooLarge : new ParsedBody.Data(form(body, type.charset()));
        }
        if (type.isMatchedBy(MediaType.MULTIPART)) {
            return multipart(request, type);
        }
        if (type.isMatchedBy(MediaType.JSON)) {
            byte[] body = read(request);
            return body == null ? tooLarge : body.length == 0 ? empty() : json(body, type.charset());
        }
        if (length < 0) { // chunked: only an empty body escapes the 415
            byte[] body = read(request);
            if (body == null) {
                return tooLarge;
            }
            if (body.length == 0) {
                return empty();
            }
        }
        return new ParsedBody.Unsupported(type.raw());
    }

    private static ParsedBody empty() {
        return new ParsedBody.Data(JsonNodeFactory.instance.objectNode());
    }

    /** @return the body, or {@code null} if it is longer than the limit */
    private byte[] read(HttpServletRequest request) throws IOException {
        InputStream in = request.getInputStream(); // the container's: not ours to close
        byte[] body = in.readNBytes(maxBodyBytes);
        // One byte more means too long; asking readNBytes for limit + 1 would overflow at Integer.MAX_VALUE.
        return in.read() == -1 ? body : null;
    }

    // ---- application/x-www-form-urlencoded: Django's QueryDict ----

    /** Django's {@code QueryDict}: pairs split on {@code &}, {@code +} is a space, the last value of a name wins. */
    static ObjectNode form(byte[] body, Charset charset) {
        String text = decodeOrLatin1(body, charset);
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        for (String pair : text.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            fields.put(unquote(name.replace('+', ' '), charset), unquote(value.replace('+', ' '), charset));
        }
        return fields;
    }

    private static String decodeOrLatin1(byte[] body, Charset charset) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(body, StandardCharsets.ISO_8859_1); // Django: "some user agents are misbehaving"
        }
    }

    /**
     * Python's {@code urllib.parse.unquote(s, encoding, errors="replace")}: runs of {@code %XX}
     * and ASCII become bytes decoded together; an invalid escape such as {@code %zz} stays as it is.
     */
    static String unquote(String s, Charset charset) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()
                    && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0
                    && s.charAt(i + 1) < 0x80 && s.charAt(i + 2) < 0x80) {
                run.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else if (c < 0x80) {
                run.write(c);
            } else {
                flush(run, charset, out);
                out.append(c);
            }
        }
        flush(run, charset, out);
        return out.toString();
    }

    private static void flush(ByteArrayOutputStream run, Charset charset, StringBuilder out) {
        if (run.size() > 0) {
            out.append(new String(run.toByteArray(), charset)); // malformed bytes become U+FFFD
            run.reset();
        }
    }

    // ---- multipart/form-data: the container's parser ----

    private ParsedBody multipart(HttpServletRequest request, MediaType type) throws IOException {
        if (!type.boundary()) {
            return new ParsedBody.Malformed(MULTIPART_PARSE_ERROR + "Invalid boundary in multipart: None");
        }
        Collection<Part> parts;
        try {
            parts = request.getParts();
        } catch (ServletException | IOException | IllegalStateException e) {
            // Containers say all three things with these three exceptions; tell them apart by cause.
            if (mentions(e, "multipart config")) {
                // The application did not enable multipart parsing: for a client, this server has no
                // parser for the type, which DRF answers with 415.
                LOG.log(Level.WARNING, "A multipart/form-data request to " + request.getRequestURI() + " was refused "
                        + "with 415: its servlet has no multipart config (<multipart-config> in web.xml, or "
                        + "ServletRegistration.Dynamic.setMultipartConfig(...))");
                return new ParsedBody.Unsupported(type.raw());
            }
            KeepAlive.abandonBody(request); // the container closes after a failed parse, whatever is read now
            if (request.getContentLengthLong() < 0 && (mentions(e, "size") || mentions(e, "exceed") || mentions(e, "too large"))) {
                return tooLarge;
            }
            return new ParsedBody.Malformed(MULTIPART_PARSE_ERROR + "Invalid multipart body.");
        }
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        Set<String> files = new HashSet<>();
        long total = 0;
        for (Part part : parts) {
            String name = part.getName();
            if (name == null) {
                continue;
            }
            String fileName = part.getSubmittedFileName();
            if (fileName != null) {
                if (!fileName.isEmpty()) {
                    files.add(name); // DRF: request.data holds the file, which is not a string
                }
                continue;
            }
            total += part.getSize();
            if (total > maxBodyBytes) {
                return tooLarge;
            }
            try (InputStream in = part.getInputStream()) {
                fields.put(name, new String(in.readNBytes(maxBodyBytes), type.charset()));
            }
        }
        for (String file : files) {
            fields.putObject(file); // not a string, as DRF's UploadedFile is not
        }
        return new ParsedBody.Data(fields);
    }

    /** Whether any cause's class name or message mentions {@code words} (case and hyphens ignored). */
    private static boolean mentions(Throwable e, String words) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = (t.getClass().getName() + " " + t.getMessage()).toLowerCase(Locale.ROOT).replace("-", "");
            if (text.contains(words)) {
                return true;
            }
        }
        return false;
    }

    // ---- application/json: Jackson, answering as DRF's JSONParser ----

    private ParsedBody json(byte[] body, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate((int) (body.length * (double) decoder.maxCharsPerByte()) + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int position = in.position();
            return new ParsedBody.Malformed(JSON_PARSE_ERROR + "'" + charset.name().toLowerCase(Locale.ROOT)
                    + "' codec can't decode byte 0x" + String.format("%02x", body[Math.min(position, body.length - 1)] & 0xFF)
                    + " in position " + position);
        }
        String text = out.flip().toString();
        try (JsonParser parser = mapper.createParser(text)) {
            JsonNode node = mapper.readTree(parser);
            if (node == null || node.isMissingNode()) {
                return new ParsedBody.Malformed(JSON_PARSE_ERROR + "Expecting value" + at(parser.currentLocation()));
            }
            JsonLocation end = parser.currentLocation();
            try {
                if (parser.nextToken() != null) {
                    return new ParsedBody.Malformed(JSON_PARSE_ERROR + "Extra data" + at(parser.currentTokenLocation()));
                }
            } catch (StreamReadException e) {
                return new ParsedBody.Malformed(JSON_PARSE_ERROR + "Extra data" + at(end));
            }
            return fromJson(node);
        } catch (JsonEOFException e) {
            return new ParsedBody.Malformed(JSON_PARSE_ERROR + "Unexpected end of data" + at(e.getLocation()));
        } catch (StreamConstraintsException e) {
            return new ParsedBody.Malformed(JSON_PARSE_ERROR + "Input exceeds nesting or number length limits"
                    + at(e.getLocation()));
        } catch (StreamReadException e) {
            return new ParsedBody.Malformed(JSON_PARSE_ERROR + "Invalid JSON" + at(e.getLocation()));
        } catch (IOException e) {
            // Reading a String cannot fail with anything but a parse error.
            return new ParsedBody.Malformed(JSON_PARSE_ERROR + "Invalid JSON");
        }
    }

    /** Python's location suffix: {@code : line 1 column 5 (char 4)}; never any of the input. */
    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        String at = ": line " + location.getLineNr() + " column " + location.getColumnNr();
        return location.getCharOffset() >= 0 ? at + " (char " + location.getCharOffset() + ")" : at;
    }

    private static ParsedBody fromJson(JsonNode node) {
        if (node.isNull()) {
            return new ParsedBody.NoData();
        }
        if (node instanceof ObjectNode object) {
            return new ParsedBody.Data(object);
        }
        return new ParsedBody.NotAnObject(PythonText.typeName(node));
    }
}
