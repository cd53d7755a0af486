package io.trustlake.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.Decoder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class QrCodesTest {
    private static final Pattern MODULE = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z");
    private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");

    @Test
    void theDrawnCodeDecodesToTheAuthenticatorUri() throws Exception {
        String uri = "otpauth://totp/Trustlake%20hosp-es:nurse.sanchez?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
                + "&issuer=Trustlake%20hosp-es&algorithm=SHA1&digits=6&period=30";
        String svg = QrCodes.svg(uri, 220, "totp-qr", "QR code for your authenticator app");

        assertThat(decode(svg)).isEqualTo(uri);
        assertThat(svg)
                .startsWith("<svg id=\"totp-qr\"")
                .contains("role=\"img\"", "aria-label=\"QR code for your authenticator app\"")
                .doesNotContain("otpauth", "secret");
    }

    @Test
    void theLabelIsEscaped() {
        assertThat(QrCodes.svg("x", 100, "q", "<script>\"a\"</script>"))
                .doesNotContain("<script>")
                .contains("&lt;script&gt;");
    }

    /** Reads the modules back out of the SVG, drops the quiet zone and runs ZXing's QR decoder. */
    private static String decode(String svg) throws Exception {
        Matcher box = VIEW_BOX.matcher(svg);
        assertThat(box.find()).isTrue();
        int size = Integer.parseInt(box.group(1));
        int quiet = 4;
        BitMatrix modules = new BitMatrix(size - 2 * quiet);
        Matcher module = MODULE.matcher(svg);
        while (module.find()) {
            int x = Integer.parseInt(module.group(1)) - quiet;
            int y = Integer.parseInt(module.group(2)) - quiet;
            assertThat(x).isBetween(0, size - 2 * quiet - 1);
            assertThat(y).isBetween(0, size - 2 * quiet - 1);
            modules.set(x, y);
        }
        return new Decoder().decode(modules).getText();
    }
}
