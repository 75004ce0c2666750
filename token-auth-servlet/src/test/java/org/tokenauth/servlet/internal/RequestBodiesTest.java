package org.tokenauth.servlet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestBodiesTest {

    private static final byte[] JSON = "{\"username\":\"alice\",\"password\":\"pw\"}".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest(name = "limit {0}")
    @ValueSource(ints = {36, 37, 65536, Integer.MAX_VALUE})
    void parseWhenChunkedBodyWithinLimitThenFields(int limit) throws IOException {
        ParsedBody body = new RequestBodies(new ObjectMapper(), limit).parse(chunkedJson());

        ParsedBody.Data fields = assertInstanceOf(ParsedBody.Data.class, body);
        assertEquals("alice", fields.get("username").text());
    }

    @ParameterizedTest(name = "limit {0}")
    @ValueSource(ints = {1, 35})
    void parseWhenChunkedBodyOverLimitThenTooLarge(int limit) throws IOException {
        assertInstanceOf(ParsedBody.TooLarge.class, new RequestBodies(new ObjectMapper(), limit).parse(chunkedJson()));
    }

    /** No Content-Length, so only reading tells the size: the path where the limit is enforced while reading. */
    private static HttpServletRequest chunkedJson() throws IOException {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getContentLengthLong()).thenReturn(-1L);
        when(request.getHeader("Content-Type")).thenReturn("application/json");
        when(request.getInputStream()).thenReturn(new BodyStream(JSON));
        return request;
    }
}
