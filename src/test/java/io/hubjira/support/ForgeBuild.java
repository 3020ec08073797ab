package io.hubjira.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Forge app's npm toolchain (src/forge), driven from the tests: {@code npm ci} with the committed lock file once
 * per test run, then its documented commands. Tests that need it are skipped, with the reason, only when npm itself
 * is missing.
 */
public final class ForgeBuild {

    public static final Path APP = Path.of("src", "forge");
    public static final Path STUB_BRIDGE = Path.of("src", "test", "resources", "forge-host", "stub-bridge.js");
    /** Where the panel built with the stub bridge goes (the sandbox's Forge host serves it). */
    public static final Path STUB_HOST = Path.of("target", "forge-host");
    static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(8);

    private static boolean installed;
    private static boolean stubBuilt;

    private ForgeBuild() {
    }

    /** Why the npm toolchain cannot run here, or empty when it can. */
    public static Optional<String> unavailable() {
        try {
            Process p = new ProcessBuilder("npm", "--version").redirectErrorStream(true).start();
            if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return Optional.empty();
            }
            return Optional.of("npm --version failed");
        } catch (IOException | InterruptedException e) {
            return Optional.of("npm is not installed (apt-get install npm; .ci/run does it): " + e.getMessage());
        }
    }

    /** The app's dependencies, exactly as package-lock.json pins them. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        Result ci = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), INSTALL_TIMEOUT);
        if (ci.exit() != 0) {
            throw new AssertionError("npm ci failed in src/forge:\n" + ci.output());
        }
        installed = true;
    }

    /** The panel built with the stub bridge into target/forge-host. */
    public static synchronized Path stubHost() {
        if (!stubBuilt) {
            install();
            Result build = run(List.of("node", "build.mjs", "--bridge", STUB_BRIDGE.toAbsolutePath().toString(), "--outdir",
                    STUB_HOST.toAbsolutePath().toString()), Map.of(), Duration.ofMinutes(2));
            if (build.exit() != 0) {
                throw new AssertionError("building the panel with the stub bridge failed:\n" + build.output());
            }
            stubBuilt = true;
        }
        return STUB_HOST;
    }

    /** A command in src/forge, with extra environment variables; its exit code and output. */
    public static Result run(List<String> command, Map<String, String> env, Duration timeout) {
        try {
            Path log = Files.createTempFile("forge-build", ".log");
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(APP.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // only what the test gives: a deploy variable of the machine's own must not decide the outcome
            builder.environment().remove("CONNECTOR_BASE_URL");
            builder.environment().putAll(env);
            Process p = builder.start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " took longer than " + timeout);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public record Result(int exit, String output) {}
}
