#!/usr/bin/env bash
# Refresh the vendored front-end files in static/vendor/ from pinned npm tarballs.
# Usage: static/vendor/update.sh   (needs node + npm; no node_modules is created)
#
# To upgrade a package: change its version AND its integrity below
# (get both with: npm view <pkg>@<version> version dist.integrity), run this
# script, then update the table in README.md.
set -euo pipefail

VENDOR_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$(mktemp -d /tmp/vendor-update.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

# name|version|sha512 integrity (from the npm registry, `dist.integrity`)
PACKAGES=(
  "htmx.org|2.0.11|sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA=="
  "plotly.js-basic-dist-min|3.7.0|sha512-84KPQhLTrO5IHu6DCte2KwA4bzSoVIdIs3uDPWid3sgeTX8L5RjpDARjCG3spgOwQ8MYE8PL+MeQ0DQRWA1Emw=="
  "@utrecht/component-library-css|9.0.4|sha512-gVA7D6GfP9/+fzehkYLSBR+0UPUTA97PZmgvTYQE88lPQhHGMlUk8FjmCpLKRsRC9hAYd32JuF/KzG6fmBfjJA=="
  "@nl-design-system-unstable/voorbeeld-design-tokens|7.4.1|sha512-GNnapAn2mTIzXRcCvs0JMr4Bf9+ivUJ3zFBJLRT1SYpAYm2xPwptVxIM3k4WLJ0c59E9FfxsEBPJluGuAHUVvg=="
  "axe-core|4.14.1|sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
  "swagger-ui-dist|5.35.0|sha512-U06rpMtW9V3XPGOBeamTUSr0Z09jMX4IJuANpE/EZbAhw0G8CgwrzU4YmXkn/h0wCDNsXdGarTNNHC3sU8yVUQ=="
)
# axe-core is for the browser tests only: it goes beside them, not into static/.
TEST_VENDOR_DIR="$VENDOR_DIR/../../tests/e2e/vendor"

# fetch NAME VERSION INTEGRITY -> prints the directory holding the extracted package/
fetch() {
  local name="$1" version="$2" integrity="$3" dir tgz actual
  dir="$WORK/$(echo "$name" | tr '/@' '__')"
  mkdir -p "$dir"
  tgz="$(cd "$dir" && npm pack --silent --ignore-scripts "${name}@${version}" | tail -n 1)"
  actual="sha512-$(node -e 'const c=require("crypto"),f=require("fs");process.stdout.write(c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$dir/$tgz")"
  if [[ "$actual" != "$integrity" ]]; then
    echo "Integrity mismatch for ${name}@${version}: got $actual" >&2
    exit 1
  fi
  tar -xzf "$dir/$tgz" -C "$dir"
  echo "$dir/package"
}

for entry in "${PACKAGES[@]}"; do
  IFS='|' read -r name version integrity <<<"$entry"
  src="$(fetch "$name" "$version" "$integrity")"
  case "$name" in
    htmx.org)
      mkdir -p "$VENDOR_DIR/htmx"
      install -m 0644 "$src/dist/htmx.min.js" "$VENDOR_DIR/htmx/htmx.min.js"
      install -m 0644 "$src/LICENSE" "$VENDOR_DIR/htmx/LICENSE"
      ;;
    plotly.js-basic-dist-min)
      # The partial bundle (scatter, bar, pie): all our charts draw, at a fifth of the size.
      mkdir -p "$VENDOR_DIR/plotly"
      install -m 0644 "$src/plotly-basic.min.js" "$VENDOR_DIR/plotly/plotly-basic.min.js"
      install -m 0644 "$src/LICENSE" "$VENDOR_DIR/plotly/LICENSE"
      ;;
    axe-core)
      mkdir -p "$TEST_VENDOR_DIR/axe-core"
      install -m 0644 "$src/axe.min.js" "$TEST_VENDOR_DIR/axe-core/axe.min.js"
      install -m 0644 "$src/LICENSE" "$TEST_VENDOR_DIR/axe-core/LICENSE"
      ;;
    @utrecht/component-library-css)
      mkdir -p "$VENDOR_DIR/utrecht"
      install -m 0644 "$src/dist/index.css" "$VENDOR_DIR/utrecht/component-library.css"
      install -m 0644 "$src/LICENSE.md" "$VENDOR_DIR/utrecht/LICENSE"
      ;;
    @nl-design-system-unstable/voorbeeld-design-tokens)
      mkdir -p "$VENDOR_DIR/voorbeeld-tokens"
      install -m 0644 "$src/dist/theme.css" "$VENDOR_DIR/voorbeeld-tokens/design-tokens.css"
      install -m 0644 "$src/LICENSE.md" "$VENDOR_DIR/voorbeeld-tokens/LICENSE"
      ;;
    swagger-ui-dist)
      # The browsable API docs (/api/v1/docs). No source maps; the bundle's
      # third-party notices are in swagger-ui-bundle.js.LICENSE.txt.
      mkdir -p "$VENDOR_DIR/swagger-ui"
      install -m 0644 "$src/swagger-ui-bundle.js" "$VENDOR_DIR/swagger-ui/swagger-ui-bundle.js"
      install -m 0644 "$src/swagger-ui.css" "$VENDOR_DIR/swagger-ui/swagger-ui.css"
      # The CSS names its map; collectstatic's manifest storage fails without it.
      install -m 0644 "$src/swagger-ui.css.map" "$VENDOR_DIR/swagger-ui/swagger-ui.css.map"
      install -m 0644 "$src/favicon-32x32.png" "$VENDOR_DIR/swagger-ui/favicon-32x32.png"
      install -m 0644 "$src/LICENSE" "$VENDOR_DIR/swagger-ui/LICENSE"
      install -m 0644 "$src/NOTICE" "$VENDOR_DIR/swagger-ui/NOTICE"
      install -m 0644 "$src/swagger-ui-bundle.js.LICENSE.txt" "$VENDOR_DIR/swagger-ui/swagger-ui-bundle.js.LICENSE.txt"
      ;;
    *)
      echo "No copy rule for ${name}" >&2
      exit 1
      ;;
  esac
  echo "vendored ${name}@${version}"
done
