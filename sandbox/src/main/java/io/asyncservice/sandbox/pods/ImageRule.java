package io.asyncservice.sandbox.pods;

import java.util.List;
import java.util.regex.Pattern;

/**
 * "Containers whose image matches this pattern run this local command": how the sandbox stands in for pulling an
 * image. E.g. any image with {@code summarizer} or {@code echo} in its name runs the example EchoApp.
 */
public record ImageRule(Pattern image, List<String> argv, String description) {

    public ImageRule {
        argv = List.copyOf(argv);
    }

    public boolean matches(String imageName) {
        return imageName != null && image.matcher(imageName).find();
    }

    /** The example app for any image whose name contains {@code echo} or {@code summarizer}. */
    public static ImageRule echoApp() {
        return new ImageRule(Pattern.compile("(?i)(echo|summarizer)"),
                JavaCommand.mainClass("io.asyncservice.sandbox.app.EchoApp", "64m"), "the sandbox's EchoApp");
    }
}
