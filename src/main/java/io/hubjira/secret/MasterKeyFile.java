package io.hubjira.secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generated master key's file (when CONNECTOR_MASTER_KEY is not set): by default {@code ./secrets/master.key},
 * owner-only in an owner-only folder, apart from the database, so a backup or copy of the database folder never
 * carries the key that decrypts its tokens. Installations of earlier versions kept it at {@code ./data/master.key},
 * beside the database: that file is moved once to the configured location, with a log line.
 */
public final class MasterKeyFile {

    static final String DEFAULT = "./secrets/master.key";
    /** Where earlier versions generated the key: in the database's folder. */
    static final Path EARLIER_DEFAULT = Path.of("data", "master.key");
    private static final Logger log = LoggerFactory.getLogger(MasterKeyFile.class);

    private MasterKeyFile() {}

    /** The 32-byte key in {@code file}: moved there from {@code earlier} when only that exists, generated when neither does. */
    public static byte[] load(Path file, Path earlier) {
        try {
            moveFromEarlierLocation(file, earlier);
            OwnerOnlyFile.Created stored = OwnerOnlyFile.readOrCreate(file, () -> {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                return Base64.getEncoder().encodeToString(fresh);
            });
            byte[] key;
            try {
                key = Base64.getDecoder().decode(stored.value());
            } catch (IllegalArgumentException e) {
                key = new byte[0];
            }
            if (key.length != 32) {
                throw new IllegalStateException("The master key file " + file + " does not hold a 32-byte base64 key");
            }
            if (stored.generated()) {
                log.warn("No CONNECTOR_MASTER_KEY set: generated a master key in {} (owner read/write only, in an owner-only folder). Back "
                        + "it up apart from the database: without it the stored tokens cannot be decrypted.", file.toAbsolutePath().normalize());
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("The master key file " + file + " cannot be read or created", e);
        }
    }

    private static void moveFromEarlierLocation(Path file, Path earlier) throws IOException {
        if (earlier == null || !Files.isRegularFile(earlier) || same(file, earlier)) {
            return;
        }
        if (Files.exists(file)) {
            if (Arrays.equals(Files.readAllBytes(file), Files.readAllBytes(earlier))) {
                Files.delete(earlier); // a move that stopped after the copy: finish it
                log.info("Removed the copy of the master key left at {} (it is at {})", earlier.toAbsolutePath().normalize(), file.toAbsolutePath().normalize());
            } else {
                log.warn("A master key file from an earlier version is still at {}, beside the database, and differs from the one in use ({}). "
                        + "Keep whichever the stored tokens were encrypted with, apart from the database, and delete the other.",
                        earlier.toAbsolutePath().normalize(), file.toAbsolutePath().normalize());
            }
            return;
        }
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null) {
            OwnerOnlyFile.privateFolder(folder);
        }
        // copied into a new owner-only file, then removed: the folders may be on different file systems (container volumes)
        byte[] key = Files.readAllBytes(earlier);
        OwnerOnlyFile.createFile(file);
        Files.write(file, key);
        Files.delete(earlier);
        log.warn("Moved the master key from {} to {}: it is kept apart from the database now, so a backup of one does not carry the "
                + "other. Back up {} on its own (in a container, give it a volume of its own).",
                earlier.toAbsolutePath().normalize(), file.toAbsolutePath().normalize(), file.toAbsolutePath().normalize().getParent());
    }

    private static boolean same(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
