package org.peerwave.app.ui.player;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.SVGPath;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.peerwave.media.Track;

/**
 * The player window's controls, bound to a {@link PlayerViewModel}: the video (an {@link ImageView}
 * that libvlc draws into), a buffering indicator, the seek bar with the downloaded parts, play/pause,
 * time, audio and subtitle tracks, mute, volume and full screen. Keys: space (play/pause), left/right
 * (10 s), up/down (volume), f (full screen), m (mute). Without libvlc it says what to install and
 * offers the stream URL for another player.
 */
public final class PlayerView {

    static final double DEFAULT_WIDTH = 960;
    static final double DEFAULT_HEIGHT = 600;

    private final PlayerViewModel vm;
    private final BorderPane root = new BorderPane();
    private final SeekBarView seekBar;
    private final Timeline refresher;

    public PlayerView(PlayerViewModel vm, ImageView video) {
        this.vm = vm;
        this.seekBar = new SeekBarView(vm);
        root.setId("playerRoot");
        root.setStyle("-fx-background-color: black;");
        root.setCenter(vm.vlcMissingProperty().get() ? missingPane() : videoPane(video));
        if (!vm.vlcMissingProperty().get()) {
            root.setBottom(controls());
        }
        refresher = new Timeline(new KeyFrame(Duration.millis(250), e -> vm.refresh()));
        refresher.setCycleCount(Animation.INDEFINITE);
    }

    public Parent root() {
        return root;
    }

    /** Shows the view in a new window; closing the window stops and releases the player. */
    public Stage showInNewWindow() {
        Stage stage = new Stage();
        stage.titleProperty().bind(Bindings.concat(vm.titleProperty(), " \u2014 Peerwave"));
        Scene scene = new Scene(root, DEFAULT_WIDTH, DEFAULT_HEIGHT);
        installShortcuts(scene);
        stage.setScene(scene);
        stage.setFullScreenExitHint("");
        vm.fullScreenProperty().addListener((o, a, b) -> stage.setFullScreen(b));
        stage.fullScreenProperty().addListener((o, a, b) -> vm.fullScreenProperty().set(b));
        stage.setOnHidden(e -> {
            refresher.stop();
            vm.close();
        });
        stage.show();
        refresher.play();
        vm.start();
        return stage;
    }

    /** The keyboard shortcuts, on the scene so they work whatever control has the focus. */
    void installShortcuts(Scene scene) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (vm.vlcMissingProperty().get()) {
                return;
            }
            KeyCode k = e.getCode();
            boolean handled = true;
            switch (k) {
                case SPACE -> vm.togglePlay();
                case LEFT -> vm.skipBack();
                case RIGHT -> vm.skipForward();
                case UP -> vm.volumeUp();
                case DOWN -> vm.volumeDown();
                case F -> vm.toggleFullScreen();
                case M -> vm.toggleMute();
                default -> handled = false;
            }
            if (handled) {
                e.consume();
            }
        });
    }

    private Region videoPane(ImageView video) {
        StackPane stack = new StackPane();
        stack.setId("videoPane");
        stack.setMinSize(0, 0);
        video.setId("video");
        video.setPreserveRatio(true);
        video.setSmooth(true);
        video.fitWidthProperty().bind(stack.widthProperty());
        video.fitHeightProperty().bind(stack.heightProperty());

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setId("bufferingIndicator");
        spinner.setMaxSize(56, 56);
        spinner.visibleProperty().bind(vm.bufferingProperty());
        Label status = new Label();
        status.setId("playerStatus");
        status.textProperty().bind(vm.statusProperty());
        status.setStyle("-fx-text-fill: white; -fx-font-size: 15px; -fx-background-color: rgba(0,0,0,0.55);"
                + " -fx-padding: 6 12; -fx-background-radius: 6;");
        status.visibleProperty().bind(vm.statusProperty().isNotEmpty());
        VBox overlay = new VBox(12, spinner, status);
        overlay.setAlignment(Pos.CENTER);
        overlay.setMouseTransparent(true);

        Label error = new Label();
        error.setId("playerError");
        error.setWrapText(true);
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.setStyle("-fx-text-fill: #ffb4a9; -fx-font-size: 14px; -fx-background-color: rgba(0,0,0,0.7);"
                + " -fx-padding: 10;");
        StackPane.setAlignment(error, Pos.TOP_CENTER);
        stack.getChildren().addAll(video, overlay, error);
        stack.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                vm.toggleFullScreen();
            } else {
                vm.togglePlay();
            }
        });
        return stack;
    }

    private Region controls() {
        Button playPause = new Button();
        playPause.setId("playPause");
        playPause.setFocusTraversable(false);
        Runnable playIcon = () -> {
            boolean on = vm.playingProperty().get();
            playPause.setGraphic(on ? icon(PAUSE, true) : icon(PLAY, true));
            playPause.setAccessibleText(on ? "Pause" : "Play");
        };
        playIcon.run();
        vm.playingProperty().addListener((o, a, b) -> playIcon.run());
        playPause.setTooltip(new Tooltip("Play / pause (Space)"));
        playPause.setOnAction(e -> vm.togglePlay());

        Label time = new Label();
        time.setId("playerTime");
        time.textProperty().bind(vm.timeTextProperty());
        time.setStyle("-fx-text-fill: white; -fx-font-family: monospace;");

        MenuButton audio = new MenuButton("Audio");
        audio.setId("audioTracks");
        audio.setFocusTraversable(false);
        MenuButton subtitles = new MenuButton("Subtitles");
        subtitles.setId("subtitleTracks");
        subtitles.setFocusTraversable(false);
        vm.audioTracks().addListener((ListChangeListener<Track>) c -> fillTracks(audio, vm.audioTracks(), true));
        vm.subtitleTracks().addListener((ListChangeListener<Track>) c -> fillTracks(subtitles, vm.subtitleTracks(),
                false));
        vm.audioTrackProperty().addListener((o, a, b) -> fillTracks(audio, vm.audioTracks(), true));
        vm.subtitleTrackProperty().addListener((o, a, b) -> fillTracks(subtitles, vm.subtitleTracks(), false));
        audio.disableProperty().bind(Bindings.size(vm.audioTracks()).lessThan(2));
        subtitles.disableProperty().bind(Bindings.isEmpty(vm.subtitleTracks()));

        Button mute = new Button();
        mute.setId("mute");
        mute.setFocusTraversable(false);
        Runnable muteIcon = () -> {
            boolean on = vm.mutedProperty().get();
            mute.setGraphic(on ? new Group(icon(SPEAKER, true), icon(CROSS, false)) : new Group(icon(SPEAKER, true),
                    icon(WAVES, false)));
            mute.setAccessibleText(on ? "Unmute" : "Mute");
        };
        muteIcon.run();
        vm.mutedProperty().addListener((o, a, b) -> muteIcon.run());
        mute.setTooltip(new Tooltip("Mute (M)"));
        mute.setOnAction(e -> vm.toggleMute());
        Slider volume = new Slider(0, 100, 100);
        volume.setId("volume");
        volume.setFocusTraversable(false);
        volume.setPrefWidth(110);
        volume.valueProperty().bindBidirectional(vm.volumeProperty());

        Button fullScreen = new Button();
        fullScreen.setGraphic(icon(CORNERS, false));
        fullScreen.setAccessibleText("Full screen");
        fullScreen.setId("fullScreen");
        fullScreen.setFocusTraversable(false);
        fullScreen.setTooltip(new Tooltip("Full screen (F)"));
        fullScreen.setOnAction(e -> vm.toggleFullScreen());

        for (Button b : new Button[] {playPause, mute, fullScreen}) {
            b.setStyle("-fx-background-color: transparent; -fx-padding: 6 8;");
            b.setMinSize(34, 28);
        }
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox row = new HBox(8, playPause, time, spacer, audio, subtitles, mute, volume, fullScreen);
        row.setAlignment(Pos.CENTER_LEFT);
        VBox bar = new VBox(4, seekBar, row);
        bar.setId("playerControls");
        bar.setPadding(new Insets(6, 10, 8, 10));
        bar.setStyle("-fx-background-color: #1b1b1b;");
        return bar;
    }

    /** Icon outlines, drawn here (14 px boxes): filled shapes and stroked lines. */
    static final String PLAY = "M1 0 L13 7 L1 14 Z";
    static final String PAUSE = "M1 0 H5 V14 H1 Z M9 0 H13 V14 H9 Z";
    static final String SPEAKER = "M0 4.5 H3.5 L8 0.5 V13.5 L3.5 9.5 H0 Z";
    static final String WAVES = "M10 4.5 Q11.8 7 10 9.5 M11.8 2.5 Q15 7 11.8 11.5";
    static final String CROSS = "M10 4.5 L14 9.5 M14 4.5 L10 9.5";
    static final String CORNERS = "M0.5 4.5 V0.5 H4.5 M9.5 0.5 H13.5 V4.5 M13.5 9.5 V13.5 H9.5 M4.5 13.5 H0.5 V9.5";

    private static SVGPath icon(String path, boolean filled) {
        SVGPath p = new SVGPath();
        p.setContent(path);
        if (filled) {
            p.setFill(Color.WHITE);
        } else {
            p.setFill(null);
            p.setStroke(Color.WHITE);
            p.setStrokeWidth(1.6);
        }
        return p;
    }

    private void fillTracks(MenuButton menu, java.util.List<Track> tracks, boolean isAudio) {
        ToggleGroup group = new ToggleGroup();
        menu.getItems().clear();
        int selected = isAudio ? vm.audioTrackProperty().get() : vm.subtitleTrackProperty().get();
        for (Track t : tracks) {
            RadioMenuItem item = new RadioMenuItem(t.id() < 0 ? "Off" : t.name());
            item.setToggleGroup(group);
            item.setSelected(t.id() == selected);
            item.setOnAction(e -> {
                if (isAudio) {
                    vm.selectAudioTrack(t.id());
                } else {
                    vm.selectSubtitleTrack(t.id());
                }
            });
            menu.getItems().add(item);
        }
    }

    private Region missingPane() {
        Label heading = new Label("The built-in player needs VLC");
        heading.setStyle("-fx-text-fill: white; -fx-font-size: 20px; -fx-font-weight: bold;");
        Label problem = new Label();
        problem.setId("vlcProblem");
        problem.textProperty().bind(vm.problemProperty());
        Label hint = new Label();
        hint.setId("vlcInstallHint");
        hint.textProperty().bind(vm.installHintProperty());
        for (Label l : new Label[] {problem, hint}) {
            l.setWrapText(true);
            l.setStyle("-fx-text-fill: #dddddd; -fx-font-size: 14px;");
        }
        Label urlLabel = new Label("Meanwhile, any player can play it while it downloads from this address:");
        urlLabel.setStyle("-fx-text-fill: #dddddd;");
        urlLabel.setWrapText(true);
        TextField url = new TextField(vm.streamUrl());
        url.setId("streamUrl");
        url.setEditable(false);
        Button open = new Button("Open in external player");
        open.setId("openExternal");
        open.setDefaultButton(true);
        open.setDisable(vm.streamUrl().isEmpty());
        open.setOnAction(e -> vm.openExternally());
        Button copy = new Button("Copy address");
        copy.setId("copyStreamUrl");
        copy.setDisable(vm.streamUrl().isEmpty());
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(vm.streamUrl());
            Clipboard.getSystemClipboard().setContent(c);
        });
        HBox buttons = new HBox(8, open, copy);
        VBox box = new VBox(12, heading, problem, hint, urlLabel, url, buttons);
        box.setId("vlcMissing");
        box.setMaxWidth(620);
        box.setPadding(new Insets(24));
        box.setAlignment(Pos.CENTER_LEFT);
        StackPane center = new StackPane(box);
        center.setStyle("-fx-background-color: #202124;");
        return center;
    }

    /** For tests: the seek bar's number of downloaded parts drawn. */
    int downloadedPartsDrawn() {
        seekBar.layout();
        return seekBar.downloadedParts();
    }
}
