package io.trustlake.server.portal;

import static io.trustlake.server.http.Pages.esc;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/**
 * QR codes drawn as inline SVG (no image files, no scripts, nothing fetched), for the portal's
 * authenticator-app setup: one dark square per module, a four-module quiet zone, medium error
 * correction. The text is never placed in the SVG's markup, only in its modules.
 */
public final class QrCodes {
    private static final int QUIET_ZONE = 4;

    private QrCodes() {}

    /** The modules of {@code text}'s QR code, including the quiet zone. */
    public static BitMatrix matrix(String text) {
        try {
            return new QRCodeWriter()
                    .encode(
                            text,
                            BarcodeFormat.QR_CODE,
                            0,
                            0,
                            Map.of(
                                    EncodeHintType.ERROR_CORRECTION,
                                    ErrorCorrectionLevel.M,
                                    EncodeHintType.MARGIN,
                                    QUIET_ZONE,
                                    EncodeHintType.CHARACTER_SET,
                                    "UTF-8"));
        } catch (WriterException e) {
            throw new IllegalArgumentException("the text does not fit in a QR code", e);
        }
    }

    /**
     * An SVG element showing {@code text}'s QR code at {@code pixels} × {@code pixels}, with an
     * accessible name ({@code label}, escaped here).
     */
    public static String svg(String text, int pixels, String id, String label) {
        BitMatrix modules = matrix(text);
        int size = modules.getWidth();
        StringBuilder path = new StringBuilder(size * size);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (modules.get(x, y)) {
                    path.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
                }
            }
        }
        return "<svg id=\"" + id + "\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\""
                + esc(label) + "\" width=\"" + pixels + "\" height=\"" + pixels + "\" viewBox=\"0 0 " + size
                + " " + size + "\" shape-rendering=\"crispEdges\"><rect width=\"" + size + "\" height=\"" + size
                + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }
}
