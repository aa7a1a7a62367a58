import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Posts N cases with C concurrent clients to a running Hearken and prints cases/s and latency percentiles.
 * Usage: java [-Drejected=true] IntakeLoad.java BASE_URL TOKEN N C [WARMUP [HEARKEN_PID [POSTMASTER_PID]]]
 * Each request carries its own Idempotency-Key, so every case costs the full intake path. With {@code -Drejected=true}
 * every request instead leaves out the customer's contact details, so Hearken answers {@code 400} before it touches
 * the database: what the web stack alone costs (the token, the JSON, validation, a problem-details answer). Given the
 * process ids (of processes on this machine; 0 for unknown), it also prints the processor time per case of Hearken, of
 * PostgreSQL (the postmaster and all its children) and of itself, counted over the measured run only.
 */
public class IntakeLoad {

    /** Requests Hearken rejects before any database work, and the status that answers them. */
    static final boolean REJECTED = Boolean.getBoolean("rejected");

    static final int EXPECTED = REJECTED ? 400 : 201;

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: java IntakeLoad.java BASE_URL TOKEN N C [WARMUP]");
            System.exit(2);
        }
        String base = args[0];
        String token = args[1];
        int n = Integer.parseInt(args[2]);
        int c = Integer.parseInt(args[3]);
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : Math.min(2000, n);
        if (warmup > 0) {
            run(base, token, warmup, c);
        }
        long hearkenPid = args.length > 5 ? Long.parseLong(args[5]) : 0;
        long postmasterPid = args.length > 6 ? Long.parseLong(args[6]) : 0;
        long[] cpuBefore = {cpuTicks(hearkenPid, false), cpuTicks(postmasterPid, true), ownCpuNanos()};
        Result r = run(base, token, n, c);
        long[] cpuAfter = {cpuTicks(hearkenPid, false), cpuTicks(postmasterPid, true), ownCpuNanos()};
        long[] lat = r.latenciesNanos;
        Arrays.sort(lat);
        System.out.printf("cases=%d clients=%d failures=%d statuses=%s%n", n, c, r.failures, r.statuses);
        System.out.printf("throughput=%.0f cases/s elapsed=%.2f s%n", n / (r.elapsedNanos / 1e9), r.elapsedNanos / 1e9);
        System.out.printf("latency p50=%.1f ms p95=%.1f ms p99=%.1f ms max=%.1f ms%n",
                pct(lat, 50), pct(lat, 95), pct(lat, 99), lat[lat.length - 1] / 1e6);
        double msPerTick = 1000.0 / Long.getLong("clockTicks", 100);
        System.out.printf("cpu per case: hearken=%s postgresql=%s load-generator=%.2f ms%n",
                hearkenPid > 0 ? "%.2f ms".formatted((cpuAfter[0] - cpuBefore[0]) * msPerTick / n) : "unknown",
                postmasterPid > 0 ? "%.2f ms".formatted((cpuAfter[1] - cpuBefore[1]) * msPerTick / n) : "unknown",
                (cpuAfter[2] - cpuBefore[2]) / 1e6 / n);
        if (r.failures > 0) {
            System.exit(1);
        }
    }

    record Result(long elapsedNanos, long[] latenciesNanos, int failures, ConcurrentHashMap<Integer, AtomicInteger> statuses) {}

    static Result run(String base, String token, int n, int c) throws Exception {
        URI uri = URI.create(base);
        String host = uri.getHost();
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        long[] latencies = new long[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ConcurrentHashMap<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(c);
        String runId = UUID.randomUUID().toString();
        long start = System.nanoTime();
        for (int t = 0; t < c; t++) {
            Thread.ofPlatform().start(() -> {
                // A plain keep-alive HTTP/1.1 connection per client: the load generator shares the machine with
                // Hearken and PostgreSQL, so it must cost as little CPU as possible.
                Socket socket = null;
                try {
                    OutputStream out = null;
                    InputStream in = null;
                    int i;
                    while ((i = next.getAndIncrement()) < n) {
                        byte[] body = """
                                {"kind":"%s","channel":"API","subject":"Load test case %d",\
                                "description":"Posted by the intake benchmark.",\
                                "customer":{"name":"Load Tester %d"%s}}"""
                                .formatted(
                                        i % 3 == 0 ? "QUESTION" : "COMPLAINT",
                                        i,
                                        i % 1000,
                                        REJECTED ? "" : ",\"email\":\"load%d@example.net\"".formatted(i % 1000))
                                .getBytes(StandardCharsets.UTF_8);
                        String head = "POST /api/cases HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token
                                + "\r\nContent-Type: application/json"
                                + (REJECTED ? "" : "\r\nIdempotency-Key: " + runId + "-" + i)
                                + "\r\nContent-Length: " + body.length + "\r\n\r\n";
                        long t0 = System.nanoTime();
                        if (socket == null) {
                            socket = new Socket(host, port);
                            socket.setTcpNoDelay(true);
                            out = new BufferedOutputStream(socket.getOutputStream());
                            in = new BufferedInputStream(socket.getInputStream());
                        }
                        out.write(head.getBytes(StandardCharsets.US_ASCII));
                        out.write(body);
                        out.flush();
                        int status = readResponse(in);
                        if (status < 0) {
                            // The server ends keep-alive connections after a number of requests; open a new one.
                            status = -status;
                            socket.close();
                            socket = null;
                        }
                        latencies[i] = System.nanoTime() - t0;
                        statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                        if (status != EXPECTED) {
                            failures.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    System.err.println("connection failed: " + e);
                    failures.incrementAndGet();
                } finally {
                    if (socket != null) {
                        try {
                            socket.close();
                        } catch (IOException ignored) {
                            // finished anyway
                        }
                    }
                    done.countDown();
                }
            });
        }
        done.await();
        return new Result(System.nanoTime() - start, latencies, failures.get(), statuses);
    }

    /**
     * Reads one response (status line, headers, Content-Length or chunked body) and returns its status, negated when
     * the server closes the connection after it.
     */
    static int readResponse(InputStream in) throws IOException {
        String statusLine = readLine(in);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        int length = 0;
        boolean chunked = false;
        boolean close = false;
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (chunked) {
            int size;
            while ((size = Integer.parseInt(readLine(in).trim(), 16)) > 0) {
                in.skipNBytes(size);
                readLine(in);
            }
            readLine(in);
        } else {
            in.skipNBytes(length);
        }
        return close ? -status : status;
    }

    static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    /** This process's processor time so far. */
    static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * User and system time of a process in clock ticks (/proc/PID/stat), with its children: those still running and,
     * through the time counted for waited-for children, those that have ended (PostgreSQL's backends).
     */
    static long cpuTicks(long pid, boolean withChildren) throws IOException {
        if (pid <= 0) {
            return 0;
        }
        String[] own = stat(pid);
        if (own == null) {
            return 0;
        }
        long ticks = Long.parseLong(own[11]) + Long.parseLong(own[12]);
        if (withChildren) {
            ticks += Long.parseLong(own[13]) + Long.parseLong(own[14]);
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path p : (Iterable<Path>) procs::iterator) {
                    String name = p.getFileName().toString();
                    if (name.chars().allMatch(Character::isDigit)) {
                        String[] child = stat(Long.parseLong(name));
                        if (child != null && Long.parseLong(child[1]) == pid) {
                            ticks += Long.parseLong(child[11]) + Long.parseLong(child[12]);
                        }
                    }
                }
            }
        }
        return ticks;
    }

    /** The fields of /proc/PID/stat after the command name: [0] is the state, [1] the parent, [11] utime, …. */
    static String[] stat(long pid) {
        try {
            String line = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return line.substring(line.lastIndexOf(')') + 2).split(" ");
        } catch (IOException gone) {
            return null;
        }
    }

    static double pct(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
