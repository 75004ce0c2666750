package org.tokenauth.example;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The longest a request may take to arrive, its head and its body together; past it, the
 * connection is closed. The idle timeout never fires on a client that sends a byte every few
 * seconds, and the minimum data rate only judges a body: without this, a head sent a byte at a
 * time (slowloris) holds its connection for as long as the client likes.
 *
 * <p>Jetty 12 has no such setting, and its parser's events are internal API, so this is built on
 * public API in two parts. {@link Heads}, a listener on the connector, looks at each connection
 * every tenth of the timeout (at most every second): bytes arriving while no request is in hand,
 * and none has been answered since the last look, mean a head is arriving, and one still arriving
 * after the timeout closes its connection.
 * {@link Bodies}, a handler, gives a request with a body until its begin time plus the timeout
 * to be read to its end; then it closes the connection, which fails the application's pending
 * read. A request in hand whose body has arrived, or that has none, is never cut off, however
 * long the application takes.
 */
final class ReceiveTimeout {

    private ReceiveTimeout() {
    }

    static long requireTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the receive timeout must be positive, but was " + timeout);
        }
        return timeout.toNanos();
    }

    private static void close(Connection connection, Duration timeout) {
        connection.getEndPoint().close(new TimeoutException("request not received within " + timeout));
    }

    /**
     * Closes a connection whose next request's head has been arriving for longer than the
     * timeout. Judged from the connection's public counters: requests whose heads were parsed,
     * answers begun (Jetty counts an answer when it commits), bytes read.
     */
    static final class Heads implements Connection.Listener {

        private final Duration timeout;
        private final long timeoutNanos;
        private final long periodNanos;
        private final Scheduler scheduler;

        Heads(Duration timeout, Scheduler scheduler) {
            this.timeout = timeout;
            this.timeoutNanos = requireTimeout(timeout);
            this.periodNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(TimeUnit.SECONDS.toNanos(1), timeoutNanos / 10));
            this.scheduler = scheduler;
        }

        @Override
        public void onOpened(Connection connection) {
            new Watch(connection).next();
        }

        /**
         * One connection's look-outs, each scheduling the next until the connection closes; only
         * the scheduler's thread touches its fields, one look-out after another.
         */
        private final class Watch implements Runnable {

            private final Connection connection;
            private long messagesIn;
            private long messagesOut;
            private long bytesIn;
            private boolean arriving;
            private long arrivingSince;

            Watch(Connection connection) {
                this.connection = connection;
            }

            void next() {
                scheduler.schedule(this, periodNanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void run() {
                if (!connection.getEndPoint().isOpen()) {
                    return;
                }
                long now = NanoTime.now();
                long in = connection.getMessagesIn();
                long out = connection.getMessagesOut();
                long bytes = connection.getBytesIn();
                if (in != messagesIn || out != messagesOut || in != out) {
                    // A head was parsed or an answer begun since the last look, or a request is in
                    // hand: the bytes read so far were its own (its body is Bodies' to time).
                    arriving = false;
                } else if (bytes != bytesIn && !arriving) {
                    // Bytes, and no head parsed from them: the next request is arriving. Counted from
                    // this look, up to one period late: the bound errs on the client's side.
                    arriving = true;
                    arrivingSince = now;
                }
                messagesIn = in;
                messagesOut = out;
                bytesIn = bytes;
                if (arriving && NanoTime.elapsed(arrivingSince, now) >= timeoutNanos) {
                    close(connection, timeout);
                } else {
                    next();
                }
            }
        }
    }

    /**
     * Gives a request with a body until its begin time (when its request line arrived) plus the
     * timeout to be read to its end, then closes its connection.
     */
    static final class Bodies extends Handler.Wrapper {

        private final Duration timeout;
        private final long timeoutNanos;

        Bodies(Handler handler, Duration timeout) {
            super(handler);
            this.timeout = timeout;
            this.timeoutNanos = requireTimeout(timeout);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            if (!hasBody(request)) {
                return super.handle(request, response, callback);
            }
            Arrival arrival = new Arrival(request);
            long left = Math.max(0, timeoutNanos - NanoTime.since(request.getBeginNanoTime()));
            Scheduler.Task deadline = request.getComponents().getScheduler().schedule(arrival::expire, left, TimeUnit.NANOSECONDS);
            boolean handled = false;
            try {
                handled = super.handle(arrival, response, Callback.from(callback, deadline::cancel));
                return handled;
            } finally {
                if (!handled) {
                    deadline.cancel();
                }
            }
        }

        /** RFC 9112, 6.3: a request has a body only if it says so, by Transfer-Encoding or a Content-Length above 0. */
        private static boolean hasBody(Request request) {
            return request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)
                    || request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH) > 0;
        }

        /** The request as the application reads it, noting when its body has arrived in full. */
        private final class Arrival extends Request.Wrapper {

            private volatile boolean complete;

            Arrival(Request request) {
                super(request);
            }

            @Override
            public Content.Chunk read() {
                Content.Chunk chunk = super.read();
                if (chunk != null && chunk.isLast()) {
                    complete = true;
                }
                return chunk;
            }

            void expire() {
                if (!complete) {
                    close(getConnectionMetaData().getConnection(), timeout);
                }
            }
        }
    }
}
