package io.hubjira.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Random;

import io.hubjira.intake.RequestBodyLimits.Pieces;
import org.junit.jupiter.api.Test;

/** Reading a body in pieces: never more than asked, every byte kept in order, whatever the length or where it ends. */
class RequestBodyPiecesTest {

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static byte[] readBack(Pieces pieces) throws Exception {
        try (InputStream in = pieces.stream()) {
            return in.readAllBytes();
        }
    }

    @Test
    void aBodyOfUnknownLengthIsReadWholeAcrossPieces() throws Exception {
        byte[] body = bytes(3 * Pieces.PIECE + 17);
        Pieces read = Pieces.read(new ByteArrayInputStream(body), body.length + 1, -1);
        assertThat(read.length()).isEqualTo(body.length);
        assertThat(readBack(read)).isEqualTo(body);
    }

    @Test
    void readingStopsAtWhatIsAskedEvenWhenMoreFollows() throws Exception {
        byte[] body = bytes(5 * Pieces.PIECE);
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        Pieces read = Pieces.read(in, 2 * Pieces.PIECE + 1, -1);
        assertThat(read.length()).isEqualTo(2 * Pieces.PIECE + 1);
        assertThat(in.available()).as("left unread").isEqualTo(body.length - (2 * Pieces.PIECE + 1));
    }

    @Test
    void aDeclaredLengthIsReadExactlyAndItsEndIsNoticed() throws Exception {
        byte[] body = bytes(1000);
        Pieces read = Pieces.read(new ByteArrayInputStream(body), 5000, body.length);
        assertThat(read.length()).isEqualTo(1000);
        assertThat(readBack(read)).isEqualTo(body);
        assertThat(Pieces.read(new ByteArrayInputStream(new byte[0]), 10, -1).length()).isZero();
    }
}
