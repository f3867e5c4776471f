import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatHsCode,
  hs2022SubheadingCount,
  hsChapter,
  hsDescription,
  hsHeading,
  hsSection,
  isHs2022Code,
  isHs2022Subheading,
} from './hsNomenclature.ts';

describe('HS 2022 nomenclature', () => {
  it('knows subheadings that exist, including 9403.70 (plastic furniture) and unsubdivided headings', () => {
    for (const code of ['940360', '940370', '940391', '610910', '010121', '040900', '970610'])
      assert.equal(isHs2022Subheading(code), true, code);
  });

  it('rejects subheadings that do not exist or are malformed', () => {
    // 9403.81 (bamboo or rattan) and 9706.00 (antiques) are HS 2017 subheadings split in HS 2022;
    // 9403.71 never existed; 99.99.99 is UN Comtrade's "not specified" line, not a WCO subheading;
    // chapter 77 is reserved.
    for (const code of ['940371', '940381', '970600', '999999', '770000', '9403.6', '9403.60', '94036', '9403600', ''])
      assert.equal(isHs2022Subheading(code), false, code);
  });

  it('has the 5,612 WCO subheadings and no reserved or statistical chapters (77, 99)', () => {
    assert.equal(hs2022SubheadingCount(), 5612);
    assert.equal(isHs2022Code('94'), true);
    assert.equal(isHs2022Code('9403'), true);
    assert.equal(isHs2022Code('77'), false);
    assert.equal(isHs2022Code('99'), false);
    assert.equal(isHs2022Code('9999'), false);
    assert.equal(isHs2022Code('940'), false);
  });

  it('describes chapters and headings, and a subheading by its heading', () => {
    assert.equal(
      hsDescription('94'),
      'Furniture; bedding, mattresses, mattress supports, cushions and similar stuffed furnishings; lamps and lighting fittings, n.e.c.; illuminated signs, illuminated name-plates and the like; prefabricated buildings',
    );
    assert.equal(hsDescription('9403'), 'Furniture and parts thereof, n.e.c. in chapter 94');
    assert.equal(hsDescription('610910'), 'T-shirts, singlets and other vests; knitted or crocheted');
    assert.equal(hsDescription('940371'), undefined);
    assert.equal(hsDescription('77'), undefined);
    assert.equal(hsDescription('94036080'), undefined);
  });

  it('derives the chapter and heading of HS and HTSUS numbers', () => {
    assert.equal(hsChapter('610910'), '61');
    assert.equal(hsChapter('6109100012'), '61');
    assert.equal(hsHeading('610910'), '6109');
    assert.equal(hsHeading('94036080'), '9403');
    assert.equal(hsHeading('94'), undefined);
    assert.equal(hsChapter('6109.10'), undefined);
    assert.equal(hsChapter('61091'), undefined);
  });

  it('places a code in its section', () => {
    assert.equal(hsSection('940360')?.numeral, 'XX');
    assert.equal(hsSection('01')?.title, 'Live animals; animal products');
    assert.equal(hsSection('7701'), undefined);
  });

  it('formats codes for display', () => {
    assert.equal(formatHsCode('940360'), '9403.60');
    assert.equal(formatHsCode('6109100012'), '6109.10.0012');
    assert.equal(formatHsCode('9403'), '9403');
  });
});
