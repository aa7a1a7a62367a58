import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Posts N cases with C concurrent clients to a running Hearken and prints cases/s and latency percentiles.
 * Usage: java IntakeLoad.java BASE_URL TOKEN N C [WARMUP]
 * Each request carries its own Idempotency-Key, so every case costs the full intake path.
 */
public class IntakeLoad {

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
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

        if (warmup > 0) {
            run(http, base, token, warmup, c);
        }
        Result r = run(http, base, token, n, c);
        long[] lat = r.latenciesNanos;
        Arrays.sort(lat);
        System.out.printf("cases=%d clients=%d failures=%d statuses=%s%n", n, c, r.failures, r.statuses);
        System.out.printf("throughput=%.0f cases/s elapsed=%.2f s%n", n / (r.elapsedNanos / 1e9), r.elapsedNanos / 1e9);
        System.out.printf("latency p50=%.1f ms p95=%.1f ms p99=%.1f ms max=%.1f ms%n",
                pct(lat, 50), pct(lat, 95), pct(lat, 99), lat[lat.length - 1] / 1e6);
        if (r.failures > 0) {
            System.exit(1);
        }
    }

    record Result(long elapsedNanos, long[] latenciesNanos, int failures, ConcurrentHashMap<Integer, AtomicInteger> statuses) {}

    static Result run(HttpClient http, String base, String token, int n, int c) throws InterruptedException {
        long[] latencies = new long[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ConcurrentHashMap<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(c);
        long start = System.nanoTime();
        for (int t = 0; t < c; t++) {
            Thread.ofPlatform().start(() -> {
                try {
                    int i;
                    while ((i = next.getAndIncrement()) < n) {
                        String body = """
                                {"kind":"%s","channel":"API","subject":"Load test case %d",
                                 "description":"Posted by the intake benchmark.",
                                 "customer":{"name":"Load Tester %d","email":"load%d@example.net"}}"""
                                .formatted(i % 3 == 0 ? "QUESTION" : "COMPLAINT", i, i % 1000, i % 1000);
                        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/cases"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .header("Idempotency-Key", UUID.randomUUID().toString())
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build();
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        } catch (Exception e) {
                            status = -1;
                        }
                        latencies[i] = System.nanoTime() - t0;
                        statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                        if (status != 201) {
                            failures.incrementAndGet();
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        return new Result(System.nanoTime() - start, latencies, failures.get(), statuses);
    }

    static double pct(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
