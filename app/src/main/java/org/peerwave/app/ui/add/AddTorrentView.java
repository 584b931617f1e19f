package org.peerwave.app.ui.add;

import java.io.File;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.peerwave.app.ui.details.DetailsView;

/**
 * The add dialog: name and size, the file tree with check boxes and priorities, the save folder,
 * start paused and sequential. Shown without blocking; {@code onAdded} gets the notice to show.
 */
public final class AddTorrentView {

    public static final ButtonType ADD = new ButtonType("Add", ButtonBar.ButtonData.OK_DONE);

    private final Dialog<ButtonType> dialog = new Dialog<>();

    public AddTorrentView(AddTorrentViewModel vm, Window owner, Consumer<String> onDone) {
        dialog.initOwner(owner);
        dialog.setTitle("Add torrent");
        dialog.setResizable(true);
        dialog.getDialogPane().setId("addDialog");
        dialog.getDialogPane().getButtonTypes().addAll(ADD, ButtonType.CANCEL);

        Label name = new Label();
        name.setId("addName");
        name.setStyle("-fx-font-size: 15px; -fx-font-weight: bold;");
        name.textProperty().bind(vm.nameProperty());
        Label info = new Label();
        info.setId("addInfo");
        info.textProperty().bind(vm.infoProperty());
        Label error = new Label();
        error.setId("addError");
        error.setStyle("-fx-text-fill: -color-danger-fg;");
        error.textProperty().bind(vm.errorProperty());
        error.managedProperty().bind(error.textProperty().isNotEmpty());

        TreeTableView<org.peerwave.app.ui.files.FileNode> tree = new TreeTableView<>();
        tree.setId("addFilesTree");
        tree.setPrefHeight(340);
        tree.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        tree.getColumns().addAll(DetailsView.fileColumns(tree, null));
        tree.setPlaceholder(new Label("The files are listed once the metadata arrives"));
        vm.filesProperty().addListener((o, a, b) -> tree.setRoot(b == null ? null : DetailsView.item(b)));

        TextField folder = new TextField();
        folder.setId("addSaveDir");
        folder.textProperty().bindBidirectional(vm.saveDirProperty());
        HBox.setHgrow(folder, Priority.ALWAYS);
        Button browse = new Button("Browse\u2026", new FontIcon(Material2AL.FOLDER_OPEN));
        browse.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Save to");
            File current = new File(vm.saveDirProperty().get());
            if (current.isDirectory()) {
                chooser.setInitialDirectory(current);
            }
            File picked = chooser.showDialog(dialog.getDialogPane().getScene().getWindow());
            if (picked != null) {
                vm.saveDirProperty().set(picked.getAbsolutePath());
            }
        });
        HBox folderRow = new HBox(6, new Label("Save to"), folder, browse);
        folderRow.setAlignment(Pos.CENTER_LEFT);

        CheckBox paused = new CheckBox("Start paused");
        paused.setId("addStartPaused");
        paused.selectedProperty().bindBidirectional(vm.startPausedProperty());
        CheckBox sequential = new CheckBox("Download in order (sequential)");
        sequential.setId("addSequential");
        sequential.selectedProperty().bindBidirectional(vm.sequentialProperty());
        CheckBox play = new CheckBox("Play when ready");
        play.setId("addPlayWhenReady");
        play.selectedProperty().bindBidirectional(vm.playWhenReadyProperty());
        play.disableProperty().bind(vm.playableProperty().not());
        HBox options = new HBox(16, paused, sequential, play);

        VBox content = new VBox(8, name, info, error, tree, folderRow, options);
        content.setPadding(new Insets(4));
        content.setPrefWidth(700);
        VBox.setVgrow(tree, Priority.ALWAYS);
        dialog.getDialogPane().setContent(content);

        Button add = (Button) dialog.getDialogPane().lookupButton(ADD);
        add.setId("addConfirm");
        add.disableProperty().bind(vm.readyProperty().not());
        add.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            if (!vm.anythingSelected()) {
                e.consume();
                return;
            }
            vm.add().whenComplete((id, x) -> javafx.application.Platform.runLater(() -> onDone.accept(x == null
                    ? "Added \u201c" + vm.nameProperty().get() + "\u201d"
                    : "Cannot add: " + (x.getCause() != null ? x.getCause().getMessage() : x.getMessage()))));
        });
    }

    public Dialog<ButtonType> dialog() {
        return dialog;
    }

    /** Shows it without waiting. */
    public void show() {
        dialog.show();
    }
}
