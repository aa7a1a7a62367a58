package org.hearken.support;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the tests that drive the running application with a real browser: Debian's Chromium through Playwright for
 * Java, never a downloaded browser. One browser per test class, a fresh context (cookies, storage) per test.
 */
public abstract class BrowserTest extends IntegrationTest {

    /** Where the pom's download-maven-plugin unpacks the axe-core npm package. */
    static final Path AXE = Path.of("target/axe-core/package/axe.js");

    /** The WCAG 2.0, 2.1 and 2.2 success criteria at levels A and AA. */
    static final List<String> WCAG_TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Playwright playwright;
    private static Browser browser;

    private BrowserContext context;
    private Page page;
    private final List<BrowserContext> extraContexts = new java.util.ArrayList<>();

    @BeforeAll
    static void launchBrowser() {
        playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(Path.of("/usr/bin/chromium"))
                        .setHeadless(true)
                        .setArgs(List.of(
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-dev-shm-usage",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--no-first-run")));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void openContext() {
        context = browser.newContext(contextOptions());
        page = context.newPage();
    }

    @AfterEach
    void closeContext() {
        extraContexts.forEach(BrowserContext::close);
        extraContexts.clear();
        if (context != null) {
            context.close();
        }
    }

    /** The shared browser, for tests that need a context with options of their own. */
    protected static Browser browser() {
        return browser;
    }

    /** A second, separate browser context (another person at another computer), closed after the test. */
    protected BrowserContext newContext() {
        BrowserContext extra = browser.newContext(contextOptions());
        extraContexts.add(extra);
        return extra;
    }

    /**
     * Saves a picture of the page under {@code target/screenshots}, and under the folder named by the system property
     * {@code hearken.screenshots} when set (the README's pictures are made with {@code -Dhearken.screenshots=docs/screenshots}).
     */
    protected static void screenshot(Page page, String name) {
        List<Path> folders = new java.util.ArrayList<>(List.of(Path.of("target/screenshots")));
        String docs = System.getProperty("hearken.screenshots");
        if (docs != null && !docs.isBlank()) {
            folders.add(Path.of(docs));
        }
        byte[] png = page.screenshot(new Page.ScreenshotOptions().setFullPage(false));
        for (Path folder : folders) {
            try {
                Files.createDirectories(folder);
                Files.write(folder.resolve(name + ".png"), png);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The options of each test's browser context; override to set a viewport, headers and so on. */
    protected Browser.NewContextOptions contextOptions() {
        return new Browser.NewContextOptions();
    }

    protected Page page() {
        return page;
    }

    protected BrowserContext context() {
        return context;
    }

    /** The address of a path on the running application. */
    protected String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** Signs in through the sign-in form and waits until it has been left. */
    protected void signIn(String username, String password) {
        signIn(page, username, password);
    }

    /** Signs in on another page (another context: someone else at another computer). */
    protected void signIn(Page page, String username, String password) {
        page.navigate(url("/login"));
        page.locator("#username").fill(username);
        page.locator("#password").fill(password);
        page.locator("form.stacked button[type=submit]").click();
        page.waitForURL(u -> !u.contains("/login"));
    }

    /** One accessibility rule a page breaks, with the elements that break it. */
    public record AxeViolation(String id, String impact, String help, String helpUrl, List<AxeNode> nodes) {
        @Override
        public String toString() {
            return "[" + impact + "] " + id + ": " + help + " (" + helpUrl + ")\n"
                    + nodes.stream()
                            .map(n -> "    at " + n.target() + "\n      "
                                    + n.summary().replace("\n", "\n      "))
                            .collect(Collectors.joining("\n"));
        }
    }

    public record AxeNode(String target, String summary) {}

    private record AxeResult(Map<String, Integer> counts, List<AxeViolation> violations) {}

    /**
     * Runs axe-core on the page as it is now, against the WCAG 2.0/2.1/2.2 A and AA rules, and returns the violations
     * of impact serious or critical. Prints a line with the number of violations of each impact, so a run shows the
     * minor and moderate ones too. The script is evaluated over the DevTools protocol, which the page's Content Security
     * Policy does not apply to, so the page keeps its real policy.
     */
    protected List<AxeViolation> axe(Page page) {
        String source;
        try {
            source = Files.readString(AXE, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "axe-core is missing: " + AXE + " is unpacked by the pom's download-maven-plugin "
                            + "(generate-test-resources); run the build through Maven",
                    e);
        }
        page.evaluate("() => {\n" + source + "\n}");
        String json = (String) page.evaluate("""
                async (tags) => {
                  const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
                  const counts = { minor: 0, moderate: 0, serious: 0, critical: 0 };
                  result.violations.forEach(v => { counts[v.impact] = (counts[v.impact] || 0) + 1; });
                  return JSON.stringify({
                    counts,
                    violations: result.violations
                      .filter(v => v.impact === 'serious' || v.impact === 'critical')
                      .map(v => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                                   nodes: v.nodes.map(n => ({ target: n.target.join(' '), summary: n.failureSummary || '' })) }))
                  });
                }""", WCAG_TAGS);
        AxeResult result = JSON.readValue(json, AxeResult.class);
        System.out.println("axe " + page.url() + ": " + result.counts());
        if (!result.violations().isEmpty()) {
            System.out.println(
                    result.violations().stream().map(AxeViolation::toString).collect(Collectors.joining("\n")));
        }
        return result.violations();
    }
}
