// The client scenario in Go: the generated client against the generated
// server (base URL in SCENARIO_BASE_URL, API key in SCENARIO_API_KEY).
// Prints "step NAME ok" or "step NAME FAIL reason" per step.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	api "example.com/sandboxlifecycle"
)

var failed bool

func step(name string, body func() error) {
	if err := body(); err != nil {
		failed = true
		fmt.Printf("step %s FAIL %s\n", name, strings.Join(strings.Fields(err.Error()), " "))
		return
	}
	fmt.Printf("step %s ok\n", name)
}

func check(condition bool, format string, args ...any) error {
	if !condition {
		return fmt.Errorf(format, args...)
	}
	return nil
}

// failure returns the *api.APIError of a call that should fail.
func failure(err error) (*api.APIError, error) {
	if err == nil {
		return nil, errors.New("the call succeeded")
	}
	var apiErr *api.APIError
	if !errors.As(err, &apiErr) {
		return nil, err
	}
	return apiErr, nil
}

// errorCode is the code of a documented error body.
func errorCode(e *api.APIError) string {
	if body, ok := e.Body.(*api.ErrorResponse); ok && body != nil {
		return body.Code
	}
	return ""
}

func ptr[T any](v T) *T { return &v }

func main() {
	baseURL := os.Getenv("SCENARIO_BASE_URL")
	client := api.NewClient(
		api.WithBaseURL(baseURL),
		api.WithAPIKeyAuth(os.Getenv("SCENARIO_API_KEY")),
		api.WithTimeout(10*time.Second),
	)
	ctx := context.Background()
	var templateID, imageSandbox string

	step("box-template-create", func() error {
		t, err := client.CreateBoxTemplate(ctx, api.CreateBoxTemplateRequest{
			Name:        "python-ml",
			ArtifactRef: "registry.example.com/templates/python-ml:1",
		})
		if err != nil {
			return err
		}
		templateID = t.ID
		return check(t.State == api.BoxTemplateStateInactive && t.ID != "", "created %+v", t)
	})
	step("box-template-list", func() error {
		page, err := client.ListBoxTemplates(ctx, nil)
		if err != nil {
			return err
		}
		for _, t := range page.Items {
			if t.ID == templateID {
				return nil
			}
		}
		return errors.New("the new template is not listed")
	})
	step("box-template-activate", func() error {
		t, err := client.ActivateBoxTemplate(ctx, templateID)
		if err != nil {
			return err
		}
		return check(t.State == api.BoxTemplateStateActive, "state %s", t.State)
	})
	step("create-from-image", func() error {
		s, err := client.CreateSandbox(ctx, api.CreateSandboxRequest{
			Image:    &api.ImageSpec{URI: "registry.example.com/runtimes/python:3.12"},
			Metadata: map[string]string{"team": "data-platform"},
		})
		if err != nil {
			return err
		}
		imageSandbox = s.ID
		return check(s.Source.Kind == api.SandboxSourceKindImage && s.State == api.SandboxStatePending,
			"created %+v", s)
	})
	step("create-from-box-template", func() error {
		s, err := client.CreateSandbox(ctx, api.CreateSandboxRequest{
			BoxTemplateID: ptr(templateID),
			Metadata:      map[string]string{"team": "web"},
		})
		if err != nil {
			return err
		}
		return check(s.Source.Kind == api.SandboxSourceKindBoxTemplate &&
			s.Source.BoxTemplateID != nil && *s.Source.BoxTemplateID == templateID,
			"source %+v", s.Source)
	})
	step("pause", func() error {
		s, err := client.PauseSandbox(ctx, imageSandbox)
		if err != nil {
			return err
		}
		return check(s.State == api.SandboxStatePausing, "state %s", s.State)
	})
	step("list-state-filter", func() error {
		page, err := client.ListSandboxes(ctx, &api.ListSandboxesParams{
			State: []api.SandboxState{api.SandboxStatePausing, api.SandboxStatePaused},
		})
		if err != nil {
			return err
		}
		if err := check(len(page.Items) == 1 && page.Items[0].ID == imageSandbox, "listed %d", len(page.Items)); err != nil {
			return err
		}
		both, err := client.ListSandboxes(ctx, &api.ListSandboxesParams{
			State: []api.SandboxState{api.SandboxStatePausing, api.SandboxStatePending},
		})
		if err != nil {
			return err
		}
		return check(len(both.Items) == 2, "two states: %d", len(both.Items))
	})
	step("list-metadata-filter", func() error {
		page, err := client.ListSandboxes(ctx, &api.ListSandboxesParams{Metadata: ptr("team=web")})
		if err != nil {
			return err
		}
		return check(len(page.Items) == 1 && page.Items[0].Metadata["team"] == "web", "listed %d", len(page.Items))
	})
	step("get", func() error {
		s, err := client.GetSandbox(ctx, imageSandbox)
		if err != nil {
			return err
		}
		return check(s.ID == imageSandbox && s.Metadata["team"] == "data-platform", "got %+v", s)
	})
	step("resume", func() error {
		s, err := client.ResumeSandbox(ctx, imageSandbox)
		if err != nil {
			return err
		}
		return check(s.State == api.SandboxStateResuming, "state %s", s.State)
	})
	step("extend", func() error {
		at := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
		r, err := client.RenewSandboxExpiration(ctx, imageSandbox, api.RenewExpirationRequest{ExpiresAt: at})
		if err != nil {
			return err
		}
		return check(r.ExpiresAt.Equal(at), "expiresAt %s", r.ExpiresAt)
	})
	step("backup-snapshot-image-uri", func() error {
		created, err := client.CreateSnapshot(ctx, imageSandbox, api.CreateSnapshotRequest{Name: ptr("before-upgrade")})
		if err != nil {
			return err
		}
		if err := check(created.ImageURI == nil, "imageUri before it is ready"); err != nil {
			return err
		}
		snap, err := client.GetSnapshot(ctx, imageSandbox, created.ID)
		for i := 0; i < 5 && err == nil && snap.ImageURI == nil; i++ {
			snap, err = client.GetSnapshot(ctx, imageSandbox, created.ID)
		}
		if err != nil {
			return err
		}
		return check(snap.State == api.SnapshotStateReady && snap.ImageURI != nil &&
			strings.HasPrefix(string(*snap.ImageURI), "https://"), "snapshot %+v", snap)
	})
	step("not-found-404", func() error {
		_, err := client.GetSandbox(ctx, "sbx-missing")
		e, err := failure(err)
		if err != nil {
			return err
		}
		return check(e.StatusCode == 404 && e.Documented && errorCode(e) == "NOT_FOUND", "%d %s", e.StatusCode, e.RawBody)
	})
	step("conflict-409", func() error {
		e, err := failure(client.DeleteBoxTemplate(ctx, templateID))
		if err != nil {
			return err
		}
		return check(e.StatusCode == 409 && e.Documented && errorCode(e) == "FAILED_PRECONDITION", "%d %s", e.StatusCode, e.RawBody)
	})
	step("missing-api-key-401", func() error {
		anonymous := api.NewClient(api.WithBaseURL(baseURL))
		_, err := anonymous.ListSandboxes(ctx, nil)
		e, err := failure(err)
		if err != nil {
			return err
		}
		return check(e.StatusCode == 401 && e.Documented && errorCode(e) == "UNAUTHENTICATED", "%d %s", e.StatusCode, e.RawBody)
	})
	step("old-method-name", func() error {
		t, err := client.DeactivateTemplateSnapshot(ctx, templateID)
		if err != nil {
			return err
		}
		return check(t.ID == templateID && t.State == api.BoxTemplateStateInactive, "state %s", t.State)
	})
	step("box-template-delete", func() error {
		if err := client.DeleteBoxTemplate(ctx, templateID); err != nil {
			return err
		}
		_, err := client.GetBoxTemplate(ctx, templateID)
		e, err := failure(err)
		if err != nil {
			return err
		}
		return check(e.StatusCode == 404, "after delete: %d", e.StatusCode)
	})
	if failed {
		os.Exit(1)
	}
}
