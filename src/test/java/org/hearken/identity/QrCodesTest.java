package org.hearken.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class QrCodesTest {

    private static final int SCALE = 4;

    @Test
    void theImageReadsBackAsTheAddressAnAppTakes() throws Exception {
        String uri = Totp.uri("Hearken (Demo council)", "ann.agent", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
        String dataUri = QrCodes.svgDataUri(uri);
        assertThat(dataUri).startsWith("data:image/svg+xml;base64,");
        String svg = new String(
                Base64.getDecoder().decode(dataUri.substring(dataUri.indexOf(',') + 1)), StandardCharsets.UTF_8);
        Matcher box = Pattern.compile("viewBox=\"0 0 (\\d+) \\1\"").matcher(svg);
        assertThat(box.find()).isTrue();
        int size = Integer.parseInt(box.group(1));
        int[] pixels = new int[size * SCALE * size * SCALE];
        java.util.Arrays.fill(pixels, 0xFFFFFF);
        Matcher module = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z").matcher(svg);
        while (module.find()) {
            int x = Integer.parseInt(module.group(1));
            int y = Integer.parseInt(module.group(2));
            for (int dy = 0; dy < SCALE; dy++) {
                for (int dx = 0; dx < SCALE; dx++) {
                    pixels[(y * SCALE + dy) * size * SCALE + x * SCALE + dx] = 0;
                }
            }
        }
        var image = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(size * SCALE, size * SCALE, pixels)));
        assertThat(new QRCodeReader().decode(image).getText()).isEqualTo(uri);
    }
}
